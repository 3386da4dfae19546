package io.switchboard.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps every log record of the test JVM, formatted with its parameters and throwable, for leak scans. */
public final class LogCapture extends Handler {

    private static final LogCapture INSTANCE = new LogCapture();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicLong belowInfo = new AtomicLong();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    static {
        Logger.getLogger("").addHandler(INSTANCE);
    }

    private LogCapture() {
    }

    public static LogCapture install() {
        return INSTANCE;
    }

    public String text() {
        return String.join("\n", lines);
    }

    /** The records logged at ERROR (SEVERE) since the start, as {@link #text()} shows them. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** How many records finer than INFO (DEBUG, TRACE) were kept: proof that a scan saw those levels too. */
    public long belowInfo() {
        return belowInfo.get();
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() < Level.INFO.intValue()) {
            belowInfo.incrementAndGet();
        }
        StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                line.append(' ').append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            line.append(' ').append(t);
        }
        lines.add(line.toString());
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(line.toString());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
