package io.switchboard.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of every request body as a route reads it and stops at {@link PayloadLimit}: a chunked body,
 * whose length nobody declared, is refused with a 413 once it passes the limit, having been read no further.
 */
@Provider
public class BoundedBodyReader implements ReaderInterceptor {

    private final PayloadLimit limit;

    @Inject
    public BoundedBodyReader(PayloadLimit limit) {
        this.limit = limit;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Bounded(context.getInputStream(), limit));
        return context.proceed();
    }

    private static final class Bounded extends FilterInputStream {

        private final PayloadLimit limit;
        private long count;

        Bounded(InputStream body, PayloadLimit limit) {
            super(body);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                counted(read);
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long bytes) {
            count += bytes;
            if (count > limit.bytes()) {
                throw limit.tooLarge();
            }
        }
    }
}
