package fi.tutka.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactTest {

    @ParameterizedTest
    @ValueSource(chars = {'+', '-', 'Y', 'X', 'W', 'V', 'U', 'A', 'B', 'C', 'D', 'E', 'F'})
    void everyCenturySignIsMasked(char sign) {
        String code = "100190" + sign + "999P";
        String text = "client " + code + " was rejected";

        assertThat(Redact.identityCodes(text)).isEqualTo("client <identity code> was rejected");
        assertThat(Redact.containsIdentityCode(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(chars = {'y', 'x', 'w', 'v', 'u', 'a', 'b', 'c', 'd', 'e', 'f'})
    void lowerCaseCodesAreMasked(char sign) {
        assertThat(Redact.identityCodes("id=100190" + sign + "999p;")).isEqualTo("id=<identity code>;");
        assertThat(Redact.identityCodes("010203" + sign + "987v")).isEqualTo("<identity code>");
    }

    @Test
    void codesInTheMiddleOfOtherTextAreMasked() {
        assertThat(Redact.identityCodes("\"client_id\":\"010203A987V\",\"x\":\"100190-999P\""))
                .isEqualTo("\"client_id\":\"<identity code>\",\"x\":\"<identity code>\"");
        assertThat(Redact.identityCodes("hetu_100190-999P")).isEqualTo("hetu_<identity code>");
        assertThat(Redact.identityCodes("(100190-999P)")).isEqualTo("(<identity code>)");
        assertThat(Redact.identityCodes("/100190-999P/")).isEqualTo("/<identity code>/");
        assertThat(Redact.identityCodes("a 100190-999P\nb 290200A950Y"))
                .isEqualTo("a <identity code>\nb <identity code>");
    }

    @Test
    void invalidCheckCharactersAreStillMasked() {
        // a mistyped code is still personal data
        assertThat(Redact.identityCodes("100190-999Q")).isEqualTo("<identity code>");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "decision D-1 for area 179 costs 9000.00 euros",
        "2026-03-02T09:15:00+02:00",
        "from 2026-03-09 to 2026-09-08",
        "5b7f3c1e-9a4d-4f2b-8c6e-1d0a7e3b9f42",
        "16ac83bb-40cd-503a-b27b-80443b230904",
        "63a8c5fb962549b9f86ef043e787affbc82face1dc3dd280db2a19d10a7b1e9f",
        "phone +358401234567",
        "1234567890",
        "12345678901",
        "20260302-0915",
        "order 123456-7890",
        "",
    })
    void ordinaryNumbersDatesAndUuidsAreUntouched(String text) {
        assertThat(Redact.identityCodes(text)).isEqualTo(text);
        assertThat(Redact.containsIdentityCode(text)).isFalse();
    }

    @Test
    void nullStaysNull() {
        assertThat(Redact.identityCodes(null)).isNull();
        assertThat(Redact.containsIdentityCode(null)).isFalse();
    }
}
