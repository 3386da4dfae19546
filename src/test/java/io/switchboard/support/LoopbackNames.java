package io.switchboard.support;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Name resolution of the test JVM (installed through {@code META-INF/services}): a few names under reserved
 * top-level domains, which exist nowhere, resolve to 127.0.0.1, so that a test can send to a host written as an
 * international name or with an underscore and see the request arrive at the loopback WireMock peer; one more
 * resolves to a denied address. Every other
 * name goes to the JDK's own resolver, as without this provider.
 */
public final class LoopbackNames extends InetAddressResolverProvider {

    /** {@code bücher.example} in the form the URL parser gives it. */
    public static final String INTERNATIONAL = "xn--bcher-kva.example";
    public static final String UNDERSCORE = "my_host.internal";
    /** A name that resolves to the cloud metadata address, which the default {@code deniedCidrs} hold. */
    public static final String METADATA = "metadata.internal";
    private static final Set<String> NAMES = Set.of(INTERNATIONAL, UNDERSCORE, METADATA);

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                if (!NAMES.contains(host.toLowerCase(Locale.ROOT))) {
                    return builtin.lookupByName(host, policy);
                }
                if ((policy.characteristics() & LookupPolicy.IPV4) == 0) {
                    throw new UnknownHostException(host);
                }
                byte[] address = METADATA.equalsIgnoreCase(host) ? new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}
                        : new byte[] {127, 0, 0, 1};
                return Stream.of(InetAddress.getByAddress(host, address));
            }

            @Override
            public String lookupByAddress(byte[] address) throws UnknownHostException {
                return builtin.lookupByAddress(address);
            }
        };
    }

    @Override
    public String name() {
        return "loopback names for tests";
    }
}
