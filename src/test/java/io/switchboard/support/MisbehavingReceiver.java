package io.switchboard.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP receiver on 127.0.0.1 that misbehaves one way, over plain sockets so that it can do what no HTTP server
 * library would. It counts the connections it accepted and the ones still open, so that a test can see whether the
 * client closed every one.
 */
public final class MisbehavingReceiver implements AutoCloseable {

    public enum Behaviour {
        /** Reads the request and never answers. */
        HANG,
        /** Sends a status line and headers promising a body, then one byte every half second. */
        TRICKLE,
        /** Reads the request and resets the connection. */
        RESET,
        /** Answers 200 with a 10 MB body. */
        HUGE,
        /** Answers every request with a redirect to itself. */
        REDIRECT_LOOP
    }

    public static final int HUGE_BYTES = 10 * 1024 * 1024;

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    public MisbehavingReceiver(Behaviour behaviour) {
        this.behaviour = behaviour;
        try {
            server = new ServerSocket(0, 500, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("misbehaving-receiver").start(this::acceptUntilClosed);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/in";
    }

    public int accepted() {
        return accepted.get();
    }

    /** Connections accepted whose client has not closed them yet. */
    public int open() {
        return open.get();
    }

    private void acceptUntilClosed() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.incrementAndGet();
                open.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            readHead(in);
            switch (behaviour) {
                case HANG -> drainUntilClosed(in);
                case TRICKLE -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 1000; i++) {
                        out.write('x');
                        out.flush();
                        Thread.sleep(500);
                    }
                }
                case RESET -> socket.setSoLinger(true, 0);
                case HUGE -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + HUGE_BYTES + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < HUGE_BYTES; sent += chunk.length) {
                        out.write(chunk);
                    }
                    out.flush();
                    drainUntilClosed(in);
                }
                case REDIRECT_LOOP -> {
                    while (true) {
                        out.write(("HTTP/1.1 302 Found\r\nLocation: " + url() + "\r\nContent-Length: 0\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        if (!readHead(in)) {
                            break;
                        }
                    }
                }
            }
        } catch (IOException | InterruptedException closedByTheClient) {
            // the client went away: what the test waits for
        } finally {
            open.decrementAndGet();
        }
    }

    /** Reads up to the blank line after the headers (and a small body, which these tests never send large). */
    private static boolean readHead(InputStream in) throws IOException {
        int matched = 0;
        int read;
        while ((read = in.read()) != -1) {
            matched = switch (matched) {
                case 0, 2 -> read == '\r' ? matched + 1 : 0;
                case 1, 3 -> read == '\n' ? matched + 1 : 0;
                default -> 0;
            };
            if (matched == 4) {
                // the body: whatever arrives at once with the head
                if (in.available() > 0) {
                    in.readNBytes(in.available());
                }
                return true;
            }
        }
        return false;
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) != -1) {
            // nothing to do with it
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
