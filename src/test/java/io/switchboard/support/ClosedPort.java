package io.switchboard.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port where connections are refused for as long as this is open: it is bound by a socket that never
 * listens, so no listener started meanwhile (such as one on port 0) can be given it.
 */
public final class ClosedPort implements AutoCloseable {

    private final Socket holder = new Socket();

    public ClosedPort() throws IOException {
        holder.bind(new InetSocketAddress("127.0.0.1", 0));
    }

    public int port() {
        return holder.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
