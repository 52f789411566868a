package org.openipma.b2bua.sip.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openipma.b2bua.sip.stack.SipStartupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A self-signed certificate for the lab, generated once into {@code <data dir>/tls/self-signed.p12} by the JDK's
 * own {@code keytool} (an EC P-256 key, valid ten years, with the server's address and domain as subject
 * alternative names), and reused at every later start.
 *
 * <p>Why keytool rather than code: the JDK has no public API to issue a certificate, and BouncyCastle, which
 * has one, is not a dependency of the server; keytool ships with every JDK that runs it. The key store's password
 * is {@value #PASSWORD}: it sits beside the key in the same directory, so a secret password would protect
 * nothing the directory's permissions do not.
 */
public final class SelfSignedCertificate {
    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificate.class);
    /** The generated key store's password. */
    public static final String PASSWORD = "openipma-lab";
    /** The generated key store, under the data directory. */
    public static final Path FILE = Path.of("tls", "self-signed.p12");
    private static final long KEYTOOL_SECONDS = 60;

    private SelfSignedCertificate() {
    }

    /**
     * The key store under {@code dataDir}, generated first if it does not exist.
     *
     * @param address the SIP address (an IP address: a SAN {@code ip:})
     * @param domain the SIP domain (an IP address or a name)
     * @throws SipStartupException with keytool's own message when it fails
     */
    public static Path in(Path dataDir, String address, String domain) {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "openipma",
                    "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3650", "-dname", "CN=" + domain,
                    "-ext", "SAN=" + san(address) + (domain.equals(address) ? "" : "," + san(domain)),
                    "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD))
                    .redirectErrorStream(true).start();
            if (!process.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new SipStartupException("keytool did not finish generating " + file + " within "
                        + KEYTOOL_SECONDS + " s", null);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                Files.deleteIfExists(file);
                throw new SipStartupException("keytool could not generate " + file + ": " + output, null);
            }
        } catch (IOException e) {
            throw new SipStartupException("cannot generate a self-signed certificate in " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SipStartupException("interrupted generating " + file, e);
        }
        log.info("TLS: generated a self-signed certificate for {} in {} (for the lab: phones must be told to trust it)",
                domain, file);
        return file;
    }

    private static String san(String host) {
        return (host.matches("[0-9.]+") || host.contains(":") ? "ip:" : "dns:") + host;
    }
}
