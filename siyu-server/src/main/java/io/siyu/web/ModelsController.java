package io.siyu.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/models}: the models running now, and every model and playbook version that ever ran (audit). */
@RestController
class ModelsController {
    private final Workspace workspace;

    ModelsController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/models")
    Map<String, Object> models(@AuthenticationPrincipal SiyuUser user) {
        if (user.isStaff()) {
            throw new ApiErrors.ApiException(HttpStatus.FORBIDDEN, "models are for operators, managers and admins", null);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", workspace.layerings().keySet());
        out.put("as_of", workspace.asOf().toString());
        List<Map<String, Object>> versions = workspace.store().modelVersions().stream()
                .filter(v -> !v.name().startsWith("live:"))
                .map(v -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", v.name());
                    m.put("sha256", v.sha256());
                    m.put("first_run_at", v.createdAt().toString());
                    return m;
                }).toList();
        out.put("versions", versions);
        return out;
    }
}
