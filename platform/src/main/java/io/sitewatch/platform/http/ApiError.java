package io.sitewatch.platform.http;

/** An error answered as {@code {"error": code, "message": ...}} with an HTTP status. */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String code;

    public ApiError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(400, "bad_request", message);
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " not found");
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }
}
