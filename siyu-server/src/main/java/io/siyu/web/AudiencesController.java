package io.siyu.web;

import io.siyu.engine.CheckedExpression;
import io.siyu.engine.Profiles;
import io.siyu.expr.ExprException;
import io.siyu.model.ExprText;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/audiences/count}: how many customers an ad-hoc condition selects. */
@RestController
class AudiencesController {
    private final Workspace workspace;

    AudiencesController(Workspace workspace) {
        this.workspace = workspace;
    }

    @PostMapping("/api/audiences/count")
    Map<String, Object> count(@RequestBody Map<String, String> body) {
        // reads the live results while no fact is being applied (the customer count may grow)
        synchronized (workspace) {
            String modelName = body.get("model");
            String expression = body.get("expression");
            var layerings = workspace.layerings();
            if (expression == null || expression.isBlank()) {
                throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "missing \"expression\"",
                        "e.g. {\"model\": \"rfm-8\", \"expression\": \"rfm_class == '重要价值客户' and paid_orders >= 3\"}");
            }
            Workspace.Layering l = modelName == null ? layerings.values().iterator().next() : layerings.get(modelName);
            if (l == null) {
                throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "unknown model '" + modelName + "'",
                        "models running: " + layerings.keySet());
            }
            CheckedExpression condition;
            try {
                condition = l.model().condition(new ExprText(expression, "expression", 1, 1, 0), "an audience");
            } catch (ExprException e) {
                throw new ApiErrors.ApiException(HttpStatus.BAD_REQUEST, "invalid expression", e.getMessage());
            }
            Profiles p = l.engine().profiles();
            int count = condition.count(p);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", l.model().model().name());
            out.put("expression", expression);
            out.put("count", count);
            out.put("of", p.size());
            return out;
        }
    }
}
