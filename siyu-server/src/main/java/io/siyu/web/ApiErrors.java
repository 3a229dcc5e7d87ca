package io.siyu.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error as JSON: {status, title, detail} — what was wrong and how to fix it. */
@RestControllerAdvice
class ApiErrors {
    /** An error the caller can fix, with its HTTP status. */
    static final class ApiException extends RuntimeException {
        final HttpStatus status;
        final String detail;

        ApiException(HttpStatus status, String title, String detail) {
            super(title);
            this.status = status;
            this.detail = detail;
        }
    }

    static Map<String, Object> body(HttpStatus status, String title, String detail) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status.value());
        m.put("title", title);
        if (detail != null) {
            m.put("detail", detail);
        }
        return m;
    }

    static void write(HttpServletResponse res, HttpStatus status, String title, String detail) throws IOException {
        res.setStatus(status.value());
        res.setContentType("application/json;charset=UTF-8");
        res.getWriter().write(new ObjectMapper().writeValueAsString(body(status, title, detail)));
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Map<String, Object>> api(ApiException e) {
        return ResponseEntity.status(e.status).body(body(e.status, e.getMessage(), e.detail));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
        String cause = e.getMostSpecificCause().getMessage();
        return ResponseEntity.badRequest().body(body(HttpStatus.BAD_REQUEST, "malformed JSON",
                (cause == null ? "" : cause.lines().findFirst().orElse("")) + " — send one JSON object or an array of them"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(body(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported content type", "send the body as application/json"));
    }
}
