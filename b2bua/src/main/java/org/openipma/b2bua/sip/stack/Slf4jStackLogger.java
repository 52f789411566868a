package org.openipma.b2bua.sip.stack;

import gov.nist.core.StackLogger;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes JAIN-SIP's own log to SLF4J (logger {@code gov.nist.javax.sip}), so the stack needs no log4j 1.x.
 * The stack's errors are mostly about one peer's message, so they are logged at WARN without stack traces
 * unless DEBUG is on.
 */
public final class Slf4jStackLogger implements StackLogger {
    private static final Logger log = LoggerFactory.getLogger("gov.nist.javax.sip");
    /** What UDPMessageChannel warns of for every request a message valve drops ({@code SourceLimitValve}). */
    static final String VALVE_DROP = "Null request interface returned";

    @Override
    public void logStackTrace() {
        logStackTrace(TRACE_DEBUG);
    }

    @Override
    public void logStackTrace(int level) {
        if (log.isTraceEnabled()) {
            log.trace("stack trace", new Throwable("stack trace requested by JAIN-SIP"));
        }
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable throwable) {
        if (log.isDebugEnabled()) {
            log.debug("JAIN-SIP exception", throwable);
        } else {
            log.warn("JAIN-SIP: {}", String.valueOf(throwable));
        }
    }

    @Override
    public void logDebug(String message) {
        log.debug(message);
    }

    @Override
    public void logDebug(String message, Exception exception) {
        log.debug(message, exception);
    }

    @Override
    public void logTrace(String message) {
        log.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        log.error(message);
    }

    @Override
    public void logError(String message) {
        log.warn(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        switch (level) {
            case TRACE_TRACE:
                return log.isTraceEnabled();
            case TRACE_DEBUG:
                return log.isDebugEnabled();
            case TRACE_INFO:
                // TRACE_INFO is also TRACE_MESSAGES: the stack asks it before handing each message to the server
                // logger, so message tracing must not depend on the stack's own log being at INFO.
                return log.isInfoEnabled() || Slf4jServerLogger.isTracing();
            case TRACE_WARN:
                return log.isWarnEnabled();
            default:
                return log.isErrorEnabled();
        }
    }

    @Override
    public void logError(String message, Exception exception) {
        if (log.isDebugEnabled()) {
            log.debug(message, exception);
        } else {
            log.warn("{}: {}", message, String.valueOf(exception));
        }
    }

    @Override
    public void logWarning(String message) {
        if (message != null && message.startsWith(VALVE_DROP)) {
            log.debug(message); // one per request a valve drops: the valve logs its own rate-limited line
            return;
        }
        log.warn(message);
    }

    @Override
    public void logInfo(String message) {
        log.info(message);
    }

    @Override
    public void disableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void enableLogging() {
        // Levels are SLF4J's to decide.
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
        log.debug("JAIN-SIP build {}", buildTimeStamp);
    }

    @Override
    public void setStackProperties(Properties properties) {
        // Nothing to configure: SLF4J's configuration applies.
    }

    @Override
    public String getLoggerName() {
        return log.getName();
    }
}
