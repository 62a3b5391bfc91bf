package io.sitewatch.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sitewatch.core.registry.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The password file's hashes are Mosquitto's own; the ACL names each device's site. */
class MosquittoPasswordFileTest {

    /** Made by Debian's mosquitto_passwd 2.0.11: {@code mosquitto_passwd -c -b pw devA secretA}. */
    private static final String MOSQUITTO_PASSWD = "$7$101$S1Ano9Xtea8wt1zX$CO+e3T3LYEej/0GwS71y/GVlg6xivWpOgGvjcLeaCFZWtvLGSpgprs2K+bT9L/Tnb4CAHJlmGRNetS7eb9M8dg==";

    @TempDir
    Path tmp;

    @Test
    void theHashIsTheOneMosquittoPasswdMakes() {
        byte[] salt = Base64.getDecoder().decode("S1Ano9Xtea8wt1zX");
        assertEquals(MOSQUITTO_PASSWD, MosquittoPasswordFile.hash("secretA", salt, 101));
        assertTrue(MosquittoPasswordFile.matches(MOSQUITTO_PASSWD, "secretA"));
        assertFalse(MosquittoPasswordFile.matches(MOSQUITTO_PASSWD, "secretB"));
        assertFalse(MosquittoPasswordFile.matches("$6$abc$def", "secretA"), "only the PBKDF2 form");
    }

    @Test
    void newPasswordsAreRandomAndHashedWithAFreshSalt() {
        SecureRandom random = new SecureRandom();
        String a = MosquittoPasswordFile.newPassword(random);
        String b = MosquittoPasswordFile.newPassword(random);
        assertTrue(a.matches("[A-Za-z0-9_-]{24}"), a);
        assertFalse(a.equals(b));
        String h1 = MosquittoPasswordFile.hash(a, random);
        String h2 = MosquittoPasswordFile.hash(a, random);
        assertFalse(h1.equals(h2), "a fresh salt each time");
        assertTrue(MosquittoPasswordFile.matches(h1, a) && MosquittoPasswordFile.matches(h2, a));
        assertFalse(h1.contains(a));
    }

    @Test
    void aFileIsReadBackAsWrittenAndABadLineIsNamed() throws Exception {
        Path f = tmp.resolve("passwords");
        assertTrue(MosquittoPasswordFile.read(f).isEmpty(), "no file: no accounts");
        Map<String, String> accounts = Map.of("TC1", MOSQUITTO_PASSWD, "sitewatch-ingest", MOSQUITTO_PASSWD);
        Files.writeString(f, "# kept by hand\n\n" + MosquittoPasswordFile.render(new java.util.TreeMap<>(accounts)));
        assertEquals(accounts, MosquittoPasswordFile.read(f));
        Files.writeString(f, "TC1:" + MOSQUITTO_PASSWD + "\nTC2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MosquittoPasswordFile.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("第 2 行"), e.getMessage());
    }

    @Test
    void theAclGivesEachDeviceItsOwnSiteAndIdAndTheServiceEverything() {
        String acl = BrokerAcl.render("sitewatch-ingest", List.of(new Device("TC9", "S2", "tower_crane", "c", 10, null),
                new Device("TC1", "S1", "tower_crane", "c", 10, null)));
        assertTrue(acl.contains("user sitewatch-ingest\ntopic read sitewatch/v1/#\n"), acl);
        assertTrue(acl.indexOf("user TC1\ntopic write sitewatch/v1/S1/TC1/#\n") < acl.indexOf("user TC9\ntopic write sitewatch/v1/S2/TC9/#\n"),
                "by site, then device: " + acl);
        assertFalse(acl.contains("pattern") || acl.contains("%u"), acl);
        assertFalse(acl.contains("topic read sitewatch/v1/S"), "devices subscribe to nothing: " + acl);
    }
}
