package dev.flinders.orchestration.core.internal;

import java.text.MessageFormat;
import java.util.ResourceBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link System.Logger} for tasks that writes through SLF4J, so the task's MDC applies. */
final class Slf4jSystemLogger implements System.Logger {
  private final Logger logger;

  Slf4jSystemLogger(String name) {
    this.logger = LoggerFactory.getLogger(name);
  }

  @Override
  public String getName() {
    return logger.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    switch (level) {
      case ALL:
      case TRACE:
        return logger.isTraceEnabled();
      case DEBUG:
        return logger.isDebugEnabled();
      case INFO:
        return logger.isInfoEnabled();
      case WARNING:
        return logger.isWarnEnabled();
      case ERROR:
        return logger.isErrorEnabled();
      default:
        return false;
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
    if (!isLoggable(level)) {
      return;
    }
    switch (level) {
      case ALL:
      case TRACE:
        logger.trace(message, thrown);
        break;
      case DEBUG:
        logger.debug(message, thrown);
        break;
      case INFO:
        logger.info(message, thrown);
        break;
      case WARNING:
        logger.warn(message, thrown);
        break;
      default:
        logger.error(message, thrown);
        break;
    }
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    if (!isLoggable(level)) {
      return;
    }
    String message =
        params == null || params.length == 0 ? format : MessageFormat.format(format, params);
    log(level, bundle, message, (Throwable) null);
  }
}
