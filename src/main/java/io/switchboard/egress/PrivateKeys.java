package io.switchboard.egress;

import io.switchboard.egress.EgressException.Kind;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.util.Base64;

/**
 * Turns a passphrase-protected PKCS#8 key ({@code BEGIN ENCRYPTED PRIVATE KEY}) into the unencrypted PEM Vert.x
 * reads, so a webhook's key and password work as in Kibana. Other PEM keys pass through unchanged.
 */
final class PrivateKeys {

    private static final String ENCRYPTED = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String ENCRYPTED_END = "-----END ENCRYPTED PRIVATE KEY-----";

    private PrivateKeys() {
    }

    static String unencrypted(String pem, String passphrase) throws EgressException {
        if (pem.contains("Proc-Type: 4,ENCRYPTED")) {
            throw new EgressException(Kind.TLS, null,
                    "legacy encrypted PEM keys are not supported; use PKCS#8 (BEGIN ENCRYPTED PRIVATE KEY)");
        }
        int start = pem.indexOf(ENCRYPTED);
        if (start < 0) {
            return pem;
        }
        if (passphrase == null) {
            throw new EgressException(Kind.TLS, null, "the client key is encrypted and no password was given");
        }
        int end = pem.indexOf(ENCRYPTED_END, start);
        if (end < 0) {
            throw new EgressException(Kind.TLS, null, "the client certificate or key could not be read");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + ENCRYPTED.length(), end));
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String algorithm = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(algorithm);
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(new PBEKeySpec(passphrase.toCharArray())),
                    info.getAlgParameters());
            byte[] plain = info.getKeySpec(cipher).getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(plain)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (Exception e) {
            throw new EgressException(Kind.TLS, null, "the client key could not be decrypted with the given password");
        }
    }
}
