package org.openipma.b2bua.sip.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openipma.b2bua.sip.stack.SipStartupException;

/**
 * A PEM file as the server's TLS identity: the private key (PKCS#8, {@code BEGIN PRIVATE KEY}, RSA or EC) and
 * the certificate chain, server certificate first, in one file, as most certificate authorities and tools
 * deliver them ({@code cat privkey.pem fullchain.pem > sip.pem}). The RI reads only key store files, so the PEM
 * is converted at each start into a PKCS12 file beside the state ({@code <data dir>/tls/from-pem.p12}, written
 * whole then moved into place), protected by {@link #PASSWORD} (the same directory's permissions protect it, as
 * they do the lab's self-signed one).
 *
 * <p>Refused with one line naming the file and what to do: a PKCS#1 or SEC1 key ({@code BEGIN RSA PRIVATE KEY},
 * {@code BEGIN EC PRIVATE KEY}: convert with {@code openssl pkcs8 -topk8 -nocrypt}), an encrypted key, no key,
 * several keys, no certificate, or a key that is not the first certificate's.
 */
public final class PemKeyStore {
    /** The converted key store's password. */
    public static final String PASSWORD = "openipma-pem";
    /** The converted key store, under the data directory. */
    public static final Path FILE = Path.of("tls", "from-pem.p12");
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemKeyStore() {
    }

    /** Whether {@code file} is PEM text (rather than a binary PKCS12 key store). */
    public static boolean isPem(Path file) {
        try {
            return Files.isRegularFile(file)
                    && new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).contains("-----BEGIN ");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Converts {@code pem} into {@link #FILE} under {@code dataDir} and returns that key store.
     *
     * @throws SipStartupException naming {@code pem} and what is wrong with it
     */
    public static Path convert(Path pem, Path dataDir) {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw refused(pem, "cannot be read: " + e.getMessage());
        }
        PrivateKey key = null;
        List<Certificate> chain = new ArrayList<>();
        Matcher block = BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            switch (type) {
                case "PRIVATE KEY" -> {
                    if (key != null) {
                        throw refused(pem, "holds more than one private key (expected: one)");
                    }
                    key = privateKey(pem, der);
                }
                case "CERTIFICATE" -> chain.add(certificate(pem, der));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw refused(pem, "holds a " + type + " (PKCS#1/SEC1); "
                        + "expected a PKCS#8 PRIVATE KEY: convert it with openssl pkcs8 -topk8 -nocrypt");
                case "ENCRYPTED PRIVATE KEY" -> throw refused(pem, "holds an encrypted private key (expected: "
                        + "unencrypted PKCS#8, protected by the file's permissions; openssl pkcs8 -topk8 -nocrypt)");
                default -> {
                    // Parameters and other blocks some tools add (e.g. EC PARAMETERS): not needed.
                }
            }
        }
        if (key == null) {
            throw refused(pem, "holds no PRIVATE KEY (expected: the key and the certificate chain in one file)");
        }
        if (chain.isEmpty()) {
            throw refused(pem, "holds no CERTIFICATE (expected: the key and the certificate chain in one file)");
        }
        if (!pairs(key, chain.get(0))) {
            throw refused(pem, "holds a private key that is not the first certificate's (expected: the server's "
                    + "key, then its certificate, then the chain)");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("openipma", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
            Path file = dataDir.resolve(FILE);
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                store.store(out, PASSWORD.toCharArray());
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (GeneralSecurityException e) {
            throw refused(pem, "does not pair its key with its first certificate: " + e.getMessage());
        } catch (IOException e) {
            throw new SipStartupException("cannot write the key store converted from " + pem + " under " + dataDir
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code certificate}'s public key verifies what {@code key} signs. */
    private static boolean pairs(PrivateKey key, Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> key.getAlgorithm();
        };
        try {
            byte[] probe = "openipma".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static PrivateKey privateKey(Path pem, byte[] der) {
        for (String algorithm : new String[] {"EC", "RSA", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // Try the next algorithm.
            }
        }
        throw refused(pem, "holds a PRIVATE KEY that is not an EC, RSA or Ed25519 PKCS#8 key");
    }

    private static Certificate certificate(Path pem, byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw refused(pem, "holds a CERTIFICATE that is not X.509: " + e.getMessage());
        }
    }

    private static SipStartupException refused(Path pem, String why) {
        return new SipStartupException("sip.tlsKeyStore " + pem + " " + why, null);
    }
}
