package dev.flinders.orchestration.ptv.datavic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flinders.orchestration.http.HttpStatusException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A CKAN action that answered {@code "success": false}: its HTTP status (400, 403, 404, 409, 500,
 * …), the error's {@code __type} when the server gave one ({@code "Not Found Error"}, {@code
 * "Validation Error"}, {@code "Authorization Error"}), its message, and for a validation error the
 * messages per field. An unknown action, which CKAN answers with a bare JSON string, has that
 * string as its message.
 *
 * <p>It is an {@link HttpStatusException}, so retry policies treat it by status: a 5xx or 429 is
 * retried (honouring {@code Retry-After}), other statuses are not.
 */
public class CkanException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  private final String action;
  private final @Nullable String errorType;
  private final String errorMessage;
  private final Map<String, List<String>> fieldErrors;

  CkanException(
      String action,
      String url,
      int status,
      @Nullable String errorType,
      String errorMessage,
      Map<String, List<String>> fieldErrors,
      String errorText,
      String errorBody,
      @Nullable Duration retryAfter) {
    super(
        status,
        url,
        message(action, url, status, errorType, errorMessage, fieldErrors),
        errorText,
        errorBody,
        retryAfter);
    this.action = action;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.fieldErrors = Map.copyOf(fieldErrors);
  }

  private static String message(
      String action,
      String url,
      int status,
      @Nullable String errorType,
      String errorMessage,
      Map<String, List<String>> fieldErrors) {
    StringBuilder message =
        new StringBuilder("CKAN ").append(action).append(" failed with HTTP ").append(status);
    if (errorType != null) {
      message.append(" (").append(errorType).append(')');
    }
    message.append(": ").append(errorMessage);
    fieldErrors.forEach(
        (field, messages) ->
            message.append("; ").append(field).append(": ").append(String.join(", ", messages)));
    return message.append(" [GET ").append(url).append(']').toString();
  }

  /** The CKAN action, e.g. {@code datastore_search}. */
  public String action() {
    return action;
  }

  /** The error's {@code __type}, e.g. {@code Not Found Error}, when the server gave one. */
  @Override
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** The error's message, or a summary when the server gave none. */
  public String errorMessage() {
    return errorMessage;
  }

  /** For a validation error (HTTP 409): the messages for each field, e.g. {@code resource_id}. */
  public Map<String, List<String>> fieldErrors() {
    return fieldErrors;
  }

  /** The exception for a failed HTTP call, read from its CKAN error envelope where it has one. */
  static CkanException of(String action, HttpStatusException failure, ObjectMapper mapper) {
    JsonNode body;
    try {
      body = mapper.readTree(failure.errorBody());
    } catch (IOException e) {
      body = null; // not JSON: an HTML error page of a proxy, say
    }
    if (body != null && body.isObject() && body.path("error").isObject()) {
      return fromEnvelope(
          action,
          failure.url(),
          failure.status(),
          body.path("error"),
          failure.errorText(),
          failure.errorBody(),
          failure.retryAfter().orElse(null));
    }
    String message =
        body != null && body.isTextual()
            ? body.asText()
            : failure.errorText().isEmpty() ? "no explanation in the body" : failure.errorText();
    return new CkanException(
        action,
        failure.url(),
        failure.status(),
        null,
        message,
        Map.of(),
        failure.errorText(),
        failure.errorBody(),
        failure.retryAfter().orElse(null));
  }

  /** The exception for an answer that is a bare JSON string, as CKAN gives an unknown action. */
  static CkanException bareMessage(String action, String url, int status, String message) {
    return new CkanException(action, url, status, null, message, Map.of(), message, message, null);
  }

  /** The exception for an envelope {@code {"success": false, "error": {...}}}. */
  static CkanException fromEnvelope(
      String action,
      String url,
      int status,
      JsonNode error,
      String errorText,
      String errorBody,
      @Nullable Duration retryAfter) {
    String type = error.hasNonNull("__type") ? error.get("__type").asText() : null;
    String message = error.hasNonNull("message") ? error.get("message").asText() : null;
    Map<String, List<String>> fields = new LinkedHashMap<>();
    error
        .fields()
        .forEachRemaining(
            entry -> {
              if (!entry.getKey().equals("__type") && !entry.getKey().equals("message")) {
                fields.put(entry.getKey(), texts(entry.getValue()));
              }
            });
    if (message == null) {
      message = fields.isEmpty() ? "no message in the error" : "invalid request";
    }
    return new CkanException(
        action, url, status, type, message, fields, errorText, errorBody, retryAfter);
  }

  private static List<String> texts(JsonNode value) {
    List<String> texts = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(item -> texts.add(item.isTextual() ? item.asText() : item.toString()));
    } else {
      texts.add(value.isTextual() ? value.asText() : value.toString());
    }
    return texts;
  }
}
