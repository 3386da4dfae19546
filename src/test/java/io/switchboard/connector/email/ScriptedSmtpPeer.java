package io.switchboard.connector.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An SMTP peer on loopback that answers each command by its verb from a script (the message's final dot counts as
 * the verb {@code .}), and falls silent, though still reading, at the first command the script has no answer for.
 * A null greeting means it never says anything; {@link #HANG_UP} as greeting or reply closes the connection. For the
 * misbehaviour real servers are not easily made to show.
 */
final class ScriptedSmtpPeer implements AutoCloseable {

    /** A well-behaved exchange up to, not including, the reply to the message itself. */
    static final Map<String, String> UP_TO_THE_MESSAGE = Map.of(
            "EHLO", "250 peer.example", "MAIL", "250 2.1.0 Ok", "RCPT", "250 2.1.5 Ok",
            "DATA", "354 End data with <CR><LF>.<CR><LF>", "RSET", "250 2.0.0 Ok", "QUIT", "221 2.0.0 Bye");

    /** Scripted as a greeting or a reply: close the connection instead of answering. */
    static final String HANG_UP = "<hang up>";

    private final String greeting;
    private final Map<String, String> replies;
    private final ServerSocket server;

    ScriptedSmtpPeer(String greeting, Map<String, String> replies) {
        this.greeting = greeting;
        this.replies = replies;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread.ofVirtual().start(() -> converse(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.US_ASCII));
            OutputStream out = connection.getOutputStream();
            boolean silent = greeting == null;
            if (HANG_UP.equals(greeting)) {
                return;
            }
            if (!silent) {
                send(out, greeting);
            }
            boolean inMessage = false;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (silent || (inMessage && !line.equals("."))) {
                    continue;
                }
                String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
                String reply = replies.get(verb);
                if (reply == null) {
                    silent = true;
                    continue;
                }
                if (reply.equals(HANG_UP)) {
                    return;
                }
                send(out, reply);
                inMessage = verb.equals("DATA") && reply.startsWith("354");
                if (verb.equals("QUIT")) {
                    return;
                }
            }
        } catch (IOException gone) {
            // the client hung up
        }
    }

    private static void send(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
