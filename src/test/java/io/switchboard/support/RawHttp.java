package io.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HTTP/1.1 written by hand on a socket, for requests no client library sends: a declared length whose body never
 * follows, a chunked body that does not end, a header past every limit. Each request carries the test superuser's
 * {@code Authorization} header.
 */
public final class RawHttp {

    /** What came back: the status line's code, the head and the body as text. */
    public record Answer(int status, String head, String body) {
    }

    private RawHttp() {
    }

    /** Sends {@code head} (request line and headers, without the blank line) and reads the answer. */
    public static Answer send(int port, String head) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nAuthorization: " + Api.authorization() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /**
     * Sends {@code head} with {@code Transfer-Encoding: chunked}, then chunks of {@code chunkSize} bytes until
     * {@code maxBytes} were sent or the server stops reading, while the answer is read. {@code sent} holds how many
     * body bytes went out.
     */
    public static Answer sendChunked(int port, String head, int chunkSize, long maxBytes, AtomicLong sent)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nAuthorization: " + Api.authorization() + "\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            CompletableFuture<Answer> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return read(socket.getInputStream());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] chunk = new byte[chunkSize];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] size = (Integer.toHexString(chunkSize) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                while (sent.get() < maxBytes && !answer.isDone()) {
                    out.write(size);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    sent.addAndGet(chunkSize);
                }
            } catch (SocketException stoppedReading) {
                // The server answered and closed the connection: the rest of the body has nowhere to go.
            }
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long bodyLength = -1;
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketException reset) {
                break;
            }
            if (read < 0) {
                break;
            }
            received.write(buffer, 0, read);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && text.contains("\r\n\r\n")) {
                headEnd = text.indexOf("\r\n\r\n");
                java.util.regex.Matcher length = java.util.regex.Pattern
                        .compile("(?im)^content-length:\\s*(\\d+)").matcher(text.substring(0, headEnd));
                bodyLength = length.find() ? Long.parseLong(length.group(1)) : -1;
            }
            if (headEnd >= 0 && bodyLength >= 0 && received.size() >= headEnd + 4 + bodyLength) {
                break;
            }
        }
        String text = received.toString(StandardCharsets.UTF_8);
        if (headEnd < 0) {
            throw new IOException("no answer, or no complete head: " + text);
        }
        String head = text.substring(0, headEnd);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        return new Answer(status, head, text.substring(headEnd + 4));
    }
}
