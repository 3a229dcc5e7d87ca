package io.siyu.web;

import io.siyu.engine.Flags;
import io.siyu.engine.Profiles;
import io.siyu.model.Definition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/segments/{model}/{name}}: the members of a segment, tag or tier value (tier=value), paged. */
@RestController
class SegmentsController {
    private final Workspace workspace;

    SegmentsController(Workspace workspace) {
        this.workspace = workspace;
    }

    @GetMapping("/api/segments/{model}/{name}")
    Map<String, Object> members(@PathVariable("model") String model, @PathVariable("name") String name,
                                @RequestParam(name = "page", defaultValue = "0") int page,
                                @RequestParam(name = "size", defaultValue = "50") int size,
                                @AuthenticationPrincipal SiyuUser user) {
        // reads the live results while no fact is being applied (the customer count may grow)
        synchronized (workspace) {
            Workspace.Layering l = workspace.layerings().get(model);
            if (l == null) {
                throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "unknown model '" + model + "'",
                        "models running: " + workspace.layerings().keySet());
            }
            if (page < 0 || size < 1 || size > 1000) {
                throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "page must be ≥ 0 and size 1–1000", null);
            }
            Profiles p = l.engine().profiles();
            RoaringBitmap members;
            int eq = name.indexOf('=');
            Definition d = l.model().model().definition(eq < 0 ? name : name.substring(0, eq)).orElse(null);
            if (eq > 0 && d instanceof Definition.Exclusive) {
                members = p.tierMembers(name.substring(0, eq), name.substring(eq + 1));
            } else if (eq < 0 && d instanceof Definition.Audience) {
                Flags f = p.flags(name);
                members = f.members();
            } else {
                throw new ApiErrors.ApiException(HttpStatus.NOT_FOUND, "'" + name + "' is not a segment, tag or tier=value of " + model,
                        "layers: " + l.model().model().definitions().stream()
                                .filter(Definition::isLayer).map(Definition::name).toList());
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            int seen = 0;
            int total = 0;
            for (int c : members) {
                String owner = p.format("owner_staff_id", c);
                if (user.isStaff() && !user.staffId().equals(owner)) {
                    continue;
                }
                total++;
                if (seen++ >= page * size && rows.size() < size) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("customer_id", p.customers().id(c));
                    row.put("owner_staff_id", owner);
                    rows.add(row);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model);
            out.put("segment", name);
            out.put("total", total);
            out.put("page", page);
            out.put("size", size);
            out.put("members", rows);
            return out;
        }
    }
}
