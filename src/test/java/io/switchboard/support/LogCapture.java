package io.switchboard.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps every log record of the test JVM, formatted with its parameters and throwable, for leak scans. */
public final class LogCapture extends Handler {

    private static final LogCapture INSTANCE = new LogCapture();
    private final List<String> lines = new CopyOnWriteArrayList<>();

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

    @Override
    public void publish(LogRecord record) {
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
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
