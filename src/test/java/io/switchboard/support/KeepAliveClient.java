package io.switchboard.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends requests written byte by byte, however malformed, over one HTTP/1.1 connection kept open while the server
 * keeps it open, and reads each answer. A new connection is opened when the server has closed the last one.
 */
public final class KeepAliveClient implements AutoCloseable {

    /** Requests larger than this are written on another thread, so that an early answer is read while they go out. */
    private static final int WRITE_ASIDE_BYTES = 32 * 1024;

    /** The status of an answer that never came: the connection was closed first. */
    public static final int CLOSED = -1;
    /** The status of an answer that never came: the connection stayed open, silent. */
    public static final int TIMED_OUT = -2;

    /**
     * What came back. {@code status} is {@link #CLOSED} or {@link #TIMED_OUT} when nothing did; {@code headers}
     * has lower-case names, the last value of a repeated header winning.
     */
    public record Answer(int status, Map<String, String> headers, String body) {

        public boolean answered() {
            return status > 0;
        }

        /** Whether the server said it closes the connection after this answer. */
        public boolean closes() {
            return "close".equalsIgnoreCase(headers.get("connection"));
        }
    }

    private final int port;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private int connections;

    public KeepAliveClient(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /** How many connections were opened so far. */
    public int connections() {
        return connections;
    }

    /** Sends {@code request} and reads its answer ({@code head}: the request is a HEAD, whose answer has no body). */
    public Answer exchange(byte[] request, boolean head) throws IOException {
        boolean reused = socket != null;
        Answer answer = attempt(request, head);
        if (answer.status() == CLOSED && reused) {
            // The connection was closed by the server while idle, before this request arrived: try once afresh.
            answer = attempt(request, head);
        }
        return answer;
    }

    private Answer attempt(byte[] request, boolean head) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            Thread writer = request.length > WRITE_ASIDE_BYTES ? writeAside(request) : null;
            if (writer == null) {
                socket.getOutputStream().write(request);
            }
            Answer answer = read(head);
            if (writer != null) {
                writer.join(timeoutMillis);
            }
            if (!answer.answered() || answer.closes()) {
                close();
            }
            return answer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            return new Answer(e instanceof SocketTimeoutException ? TIMED_OUT : CLOSED, Map.of(), "");
        }
    }

    private void open() throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        connections++;
    }

    /** Writes a large request on another thread, which the server may stop reading halfway: its failure is ignored. */
    private Thread writeAside(byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        return Thread.ofVirtual().start(() -> {
            try {
                out.write(request);
                out.flush();
            } catch (IOException stoppedReading) {
                // The server answered early and closed the connection: the rest has nowhere to go.
            }
        });
    }

    private Answer read(boolean head) throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) {
                return new Answer(CLOSED, Map.of(), "");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, String> headers = headers();
            if (statusLine.startsWith("HTTP/1.0 ") && !"keep-alive".equalsIgnoreCase(headers.get("connection"))) {
                headers.put("connection", "close");
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            String body = head || status == 204 || status == 304 ? "" : body(headers);
            return new Answer(status, headers, body);
        }
    }

    private Map<String, String> headers() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private String body(Map<String, String> headers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = chunkSize(); size > 0; size = chunkSize()) {
                body.write(in.readNBytes(size));
                line();
            }
            while (true) {
                String trailer = line();
                if (trailer == null || trailer.isEmpty()) {
                    break;
                }
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else {
            body.write(in.readAllBytes());
            headers.put("connection", "close");
        }
        return body.toString(StandardCharsets.UTF_8);
    }

    private int chunkSize() throws IOException {
        String line = line();
        return line == null ? 0 : Integer.parseInt(line.split(";", 2)[0].trim(), 16);
    }

    /** One line without its CRLF, or null at the end of the stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that was wanted.
            }
        }
        socket = null;
        in = null;
    }
}
