package io.switchboard.egress;

/**
 * TLS settings one connector asks for (the webhook's {@code ca}, {@code verificationMode} and client certificate).
 * They win over {@code xpack.actions.customHostSettings} and {@code xpack.actions.ssl.verificationMode}.
 *
 * @param verificationMode {@code none}, {@code certificate} or {@code full}; null keeps the server setting
 * @param caPem            PEM certificates that replace the default trust store, as Node's {@code ca} does; may be null
 * @param certificatePem   client certificate chain (PEM), used together with {@code privateKeyPem}
 * @param privateKeyPem    client key (PEM: PKCS#1, PKCS#8 or encrypted PKCS#8 with {@code passphrase})
 * @param pfx              client certificate and key as PKCS#12, instead of the PEM pair
 * @param passphrase       password of the encrypted key or of the PKCS#12 store; may be null
 */
public record TlsOverrides(String verificationMode, String caPem, String certificatePem, String privateKeyPem,
                           byte[] pfx, String passphrase) {

    public static TlsOverrides verificationMode(String mode) {
        return new TlsOverrides(mode, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "TlsOverrides[verificationMode=" + verificationMode + ", ca=" + (caPem != null)
                + ", clientCertificate=" + (certificatePem != null || pfx != null) + "]";
    }
}
