package io.switchboard.support;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server certificate for {@code localhost} and a client certificate, made with the JDK's keytool for the tests of
 * one JVM: the server key store, a trust store holding the client certificate, and the client's PEM and PKCS#12 forms.
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit-test";

    private static TestCertificates instance;

    public final Path serverStore;
    public final Path clientTrustStore;
    public final String serverCertificatePem;
    public final byte[] clientPfx;
    public final String clientCertificatePem;
    public final String clientKeyPem;
    /** The server certificate and its private key as PEM files, as an operator hands them to a server. */
    public final Path serverCertificateFile;
    public final Path serverKeyFile;

    private TestCertificates(Path serverStore, Path clientTrustStore, String serverCertificatePem, byte[] clientPfx,
                             String clientCertificatePem, String clientKeyPem, Path serverCertificateFile,
                             Path serverKeyFile) {
        this.serverStore = serverStore;
        this.clientTrustStore = clientTrustStore;
        this.serverCertificatePem = serverCertificatePem;
        this.clientPfx = clientPfx;
        this.clientCertificatePem = clientCertificatePem;
        this.clientKeyPem = clientKeyPem;
        this.serverCertificateFile = serverCertificateFile;
        this.serverKeyFile = serverKeyFile;
    }

    public static synchronized TestCertificates get() throws Exception {
        if (instance == null) {
            Path dir = Files.createTempDirectory("switchboard-certs-");
            Path serverStore = dir.resolve("server.p12");
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                    "-keystore", serverStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            Path serverCert = dir.resolve("server.pem");
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", serverStore.toString(),
                    "-storepass", PASSWORD, "-file", serverCert.toString());
            Path clientStore = dir.resolve("client.p12");
            keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=switchboard-client", "-storetype", "PKCS12",
                    "-keystore", clientStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
            Path clientCert = dir.resolve("client.pem");
            keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", clientStore.toString(),
                    "-storepass", PASSWORD, "-file", clientCert.toString());
            Path trustStore = dir.resolve("trust.p12");
            keytool("-importcert", "-noprompt", "-alias", "client", "-file", clientCert.toString(),
                    "-storetype", "PKCS12", "-keystore", trustStore.toString(), "-storepass", PASSWORD);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientStore)) {
                store.load(in, PASSWORD.toCharArray());
            }
            Key key = store.getKey("client", PASSWORD.toCharArray());
            KeyStore server = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(serverStore)) {
                server.load(in, PASSWORD.toCharArray());
            }
            Path serverKey = dir.resolve("server.key");
            Files.writeString(serverKey, pem("PRIVATE KEY", server.getKey("server", PASSWORD.toCharArray()).getEncoded()));
            instance = new TestCertificates(serverStore, trustStore, Files.readString(serverCert),
                    Files.readAllBytes(clientStore), Files.readString(clientCert), pem("PRIVATE KEY", key.getEncoded()),
                    serverCert, serverKey);
        }
        return instance;
    }

    /** A TLS context presenting the server certificate, for servers started in tests. */
    public SSLContext serverContext() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }

    public static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
