package org.transfer4j.serve;

import com.google.gson.JsonObject;

/**
 * A request the server answers with an error status and a JSON body naming what is wrong: {@code
 * {"error": {"status": 400, "field": "texts", "message": "..."}}}.
 *
 * <pre>{@code
 * throw ApiError.badRequest("texts", "must be a non-empty array of strings");
 * }</pre>
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String field;
  private final Integer retryAfterSeconds;

  public ApiError(int status, String field, String message, Integer retryAfterSeconds) {
    super(message);
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 400: a missing or malformed field (JSON path {@code $.field}). */
  public static ApiError badRequest(String field, String message) {
    return new ApiError(400, field, message, null);
  }

  public int status() {
    return status;
  }

  /** The request field at fault, or null. */
  public String field() {
    return field;
  }

  /** Seconds for the {@code Retry-After} header (429, 503), or null. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body. */
  public String toJson() {
    return body(status, field, getMessage());
  }

  /** {@code {"error": {"status": .., "field": .., "message": ..}}}. */
  public static String body(int status, String field, String message) {
    JsonObject e = new JsonObject();
    e.addProperty("status", status);
    if (field != null) {
      e.addProperty("field", field);
    }
    e.addProperty("message", message);
    JsonObject o = new JsonObject();
    o.add("error", e);
    return o.toString();
  }
}
