package io.sitewatch.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sitewatch.platform.auth.Principal;
import io.sitewatch.platform.auth.Role;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What route handlers share: JSON in and out, the caller's principal and role checks, and a
 * bounded worker pool for blocking (JDBC) work so the event loop never waits on the database.
 */
public final class ApiContext {

    private static final Logger LOG = LoggerFactory.getLogger(ApiContext.class);
    public static final String PRINCIPAL = "sitewatch.principal";
    /** What a write acted on beyond its path's ids (a created object's id, a login's username), for the audit log. */
    public static final String AUDIT_TARGETS = "sitewatch.auditTargets";
    private static final String EXTRA_FIELDS = "sitewatch.extraFields";
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private final WorkerExecutor blocking;

    public ApiContext(WorkerExecutor blocking) {
        this.blocking = blocking;
    }

    /** Runs JDBC work off the event loop. */
    public <T> Future<T> blocking(Callable<T> work) {
        return blocking.executeBlocking(work, false);
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** The caller, who must hold one of {@code roles}; else 403. */
    public static Principal require(RoutingContext ctx, Role... roles) {
        Principal p = principal(ctx);
        if (p == null || !p.is(roles)) {
            throw ApiError.forbidden("this needs one of the roles " + Arrays.stream(roles).map(Role::code).toList());
        }
        return p;
    }

    public static <T> T body(RoutingContext ctx, Class<T> type) {
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw ApiError.badRequest("a JSON body is required");
        }
        try {
            return JSON.readValue(ctx.body().buffer().getBytes(), type);
        } catch (JsonMappingException e) {
            // A value of the wrong type: name the field first, as the other 400s do. Jackson's own
            // text names Java classes, which a caller has no use for; say what was expected instead.
            String at = fieldPath(e);
            throw ApiError.badRequest((at.isEmpty() ? "body" : at) + ": expected " + expected(e));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation l = e.getLocation();
            throw ApiError.badRequest("body is not valid JSON" + (l == null ? "" : " (line " + l.getLineNr() + ", column "
                    + l.getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiError.badRequest("body cannot be read");
        }
    }

    /** What a field should have held, in the caller's terms (a number, a string, ...), from the type Jackson wanted. */
    static String expected(JsonMappingException e) {
        Class<?> t = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m ? m.getTargetType() : null;
        if (t == null) {
            return "a value of another type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class || t == Short.class || t == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(t) || t == double.class || t == float.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class || t.isEnum()) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** The JSON path of a mapping error as {@code registration.no} or {@code days[2]}. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    public static void json(RoutingContext ctx, int status, Object body) {
        try {
            Map<String, Object> extra = ctx.get(EXTRA_FIELDS);
            Object out = body;
            if (extra != null && status / 100 == 2) {
                JsonNode tree = JSON.valueToTree(body);
                if (tree instanceof ObjectNode o) {
                    extra.forEach((k, v) -> o.set(k, JSON.valueToTree(v)));
                    out = o;
                }
            }
            ctx.response().setStatusCode(status)
                    .putHeader("content-type", "application/json; charset=utf-8")
                    .end(JSON.writeValueAsString(out));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            fail(ctx, e);
        }
    }

    /**
     * Adds a field to the JSON object this request answers with through {@link #json}, if it
     * answers with one and succeeds. For a module that knows more about a resource another module
     * serves: a handler mounted before the owner's route puts the field, then calls
     * {@code ctx.next()} (the alarm engine adds a device's connection to the registry's device).
     */
    public static void extend(RoutingContext ctx, String field, Object value) {
        Map<String, Object> extra = ctx.get(EXTRA_FIELDS);
        if (extra == null) {
            extra = new LinkedHashMap<>();
            ctx.put(EXTRA_FIELDS, extra);
        }
        extra.put(field, value);
    }

    /** Answers a failure: an {@link ApiError} as itself, anything else as 500 (logged). */
    public static void fail(RoutingContext ctx, Throwable t) {
        if (ctx.response().ended()) {
            return;
        }
        ApiError e = t instanceof ApiError a ? a : null;
        if (e == null) {
            // The cause goes to the log only: an answer never carries a stack trace or SQL. The
            // reference lets an admin find the log line a user reports.
            String ref = String.format("%08x", java.util.concurrent.ThreadLocalRandom.current().nextInt());
            LOG.error("{} {} failed (ref {})", ctx.request().method(), ctx.request().path(), ref, t);
            e = new ApiError(500, "internal", "服务内部错误，详见服务日志（编号 " + ref + "） / internal error; see the service log (ref "
                    + ref + ")");
        }
        ctx.response().setStatusCode(e.status())
                .putHeader("content-type", "application/json; charset=utf-8")
                .end(new io.vertx.core.json.JsonObject().put("error", e.code()).put("message", e.getMessage()).encode());
    }

    /**
     * Names what this write acts on for the audit log, where the path does not say it (a created
     * object's id, the username a login was tried for). Never a secret.
     */
    public static void auditTarget(RoutingContext ctx, String key, String value) {
        Map<String, String> targets = ctx.get(AUDIT_TARGETS);
        if (targets == null) {
            targets = new LinkedHashMap<>();
            ctx.put(AUDIT_TARGETS, targets);
        }
        targets.put(key, value);
    }

    /** {@link QueryParams#integer}: {@code fallback} when absent, a 400 naming the parameter when not an integer. */
    public static long longParam(RoutingContext ctx, String name, long fallback) {
        return QueryParams.of(ctx).integer(name, fallback);
    }

    /** {@link QueryParams#text}: the trimmed value, or null when absent or blank. */
    public static String param(RoutingContext ctx, String name) {
        return QueryParams.of(ctx).text(name);
    }

    /** {@link QueryParams#integer(String, long, long, long)}: within {@code min}..{@code max}, else a 400 naming it. */
    public static long longParam(RoutingContext ctx, String name, long fallback, long min, long max) {
        return QueryParams.of(ctx).integer(name, fallback, min, max);
    }

    /** {@link QueryParams#id}: a site's or device's id, or null when absent; else a 400 naming it. */
    public static String idParam(RoutingContext ctx, String name) {
        return QueryParams.of(ctx).id(name);
    }
}
