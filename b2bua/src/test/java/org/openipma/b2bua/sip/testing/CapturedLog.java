package org.openipma.b2bua.sip.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures one logger's events at a given level, instead of printing them; {@link #close()} restores the
 * logger as it was.
 */
public final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final boolean previousAdditive;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String name, Level level) {
        this.logger = (Logger) LoggerFactory.getLogger(name);
        this.previousLevel = logger.getLevel();
        this.previousAdditive = logger.isAdditive();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(level);
        logger.setAdditive(false);
    }

    /** Starts capturing logger {@code name} at {@code level} and finer. */
    public static CapturedLog capture(String name, Level level) {
        return new CapturedLog(name, level);
    }

    /** The formatted messages logged so far. */
    public List<String> messages() {
        return List.copyOf(appender.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /**
     * The messages containing {@code text}, once there is one, or none after {@code millis} (a server may log
     * after the client has seen the effect).
     */
    public List<String> awaitMessages(String text, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            List<String> lines = messages().stream().filter(line -> line.contains(text)).toList();
            if (!lines.isEmpty() || System.nanoTime() - deadline > 0) {
                return lines;
            }
            Thread.sleep(50);
        }
    }

    /** The events so far as {@code pattern} (a logback layout pattern) formats them, without line ends. */
    public List<String> lines(String pattern) {
        ch.qos.logback.classic.PatternLayout layout = new ch.qos.logback.classic.PatternLayout();
        layout.setContext(logger.getLoggerContext());
        layout.setPattern(pattern);
        layout.start();
        return List.copyOf(appender.list).stream().map(event -> layout.doLayout(event).stripTrailing()).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
        logger.setAdditive(previousAdditive);
    }
}
