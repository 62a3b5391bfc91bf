package io.sitewatch.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Mosquitto 2's password file: one {@code username:$7$iterations$salt$hash} line per account, the
 * hash PBKDF2-HMAC-SHA512 of the password over a 12-byte salt, both Base64 — what
 * {@code mosquitto_passwd} writes by default and the broker reads. Only hashes are ever written.
 *
 * <p>101 iterations, mosquitto_passwd's own default: the passwords issued here are 144 random bits,
 * which no number of iterations makes harder to guess, while every iteration is paid by the
 * broker's single thread at each CONNECT (a thousand devices reconnecting after a broker restart).
 */
final class MosquittoPasswordFile {

    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int HASH_BITS = 512;
    private static final int PASSWORD_BYTES = 18;

    private MosquittoPasswordFile() {
    }

    /** A new random password: 18 bytes from the system's strong source, Base64url (24 characters, no padding). */
    static String newPassword(SecureRandom random) {
        byte[] b = new byte[PASSWORD_BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The {@code $7$...} hash of {@code password} with a fresh salt. */
    static String hash(String password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return hash(password, salt, ITERATIONS);
    }

    static String hash(String password, byte[] salt, int iterations) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** Whether {@code password} is the one {@code hash} (a {@code $7$} hash) was made from. */
    static boolean matches(String hash, String password) {
        String[] part = hash.split("\\$");
        if (part.length != 5 || !part[1].equals("7")) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(part[3]);
            byte[] expected = Base64.getDecoder().decode(part[4]);
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, Integer.parseInt(part[2])));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JVM", e);
        }
    }

    /**
     * The accounts of an existing file, username → hash, sorted; empty when there is no file. A
     * line that is not {@code name:hash} is refused with its number, so that a file edited by hand
     * is not silently rewritten without it.
     */
    static Map<String, String> read(Path file) throws IOException {
        Map<String, String> accounts = new TreeMap<>();
        if (!Files.exists(file)) {
            return accounts;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || colon == l.length() - 1) {
                throw new IllegalArgumentException(file + " 第 " + n + " 行不是 用户名:散列 / " + file + " line " + n
                        + " is not username:hash");
            }
            accounts.put(l.substring(0, colon), l.substring(colon + 1));
        }
        return accounts;
    }

    /** The file's text for these accounts (username → hash). */
    static String render(Map<String, String> accounts) {
        StringBuilder b = new StringBuilder();
        accounts.forEach((user, hash) -> b.append(user).append(':').append(hash).append('\n'));
        return b.toString();
    }
}
