package io.defenderrelay.auth;

import io.defenderrelay.auth.StubTokenEndpoint.Reply;
import io.defenderrelay.testing.Contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real MSAL calls and the relay's diagnosis on Entra's answers as Microsoft documents them
 * (src/test/resources/contracts), served verbatim by a scripted token endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentedTokenRepliesTest {
    private final StubTokenEndpoint sts;

    DocumentedTokenRepliesTest() throws IOException, GeneralSecurityException {
        sts = new StubTokenEndpoint(new TestPki(15L));
    }

    @AfterAll
    void stop() {
        sts.close();
    }

    @Test
    void usesTheDocumentedTokenAnswerForItsWholeLifetime() {
        Contract answer = Contract.load("entra-token-success");
        sts.replyAlways(new Reply(answer.status(), answer.body().toString()));
        GraphTokenProvider provider = provider();
        int before = sts.requests().size();

        assertEquals(answer.body().get("access_token").asText(), provider.accessToken());
        assertEquals(answer.body().get("access_token").asText(), provider.accessToken());
        // expires_in (3599 s) was read: the second call is served from the held token
        assertEquals(before + 1, sts.requests().size());
    }

    @Test
    void diagnosesTheDocumentedRefusalByItsAadstsCode() {
        Contract refusal = Contract.load("entra-token-error");
        sts.replyAlways(new Reply(refusal.status(), refusal.body().toString()));

        TokenException e = assertThrows(TokenException.class, provider()::accessToken);

        assertEquals(Optional.of("1002012"), e.aadstsCode());
        assertTrue(e.isPermanent());
        assertTrue(e.getMessage().startsWith("AADSTS1002012: scope https://graph.example.test/.default is invalid"),
                e.getMessage());
    }

    @Test
    void diagnosesAWrongSecretInTheDocumentedRefusalFormat() {
        Contract refusal = Contract.load("entra-token-error");
        ObjectNode body = (ObjectNode) refusal.body();
        body.put("error", "invalid_client")
                .put("error_description", body.get("error_description").asText()
                        .replaceFirst("^AADSTS1002012: [^\r]*", "AADSTS7000215: Invalid client secret provided."));
        body.putArray("error_codes").add(7000215);
        sts.replyAlways(new Reply(401, body.toString()));

        TokenException e = assertThrows(TokenException.class, provider()::accessToken);

        assertEquals(Optional.of("7000215"), e.aadstsCode());
        assertTrue(e.getMessage().startsWith("AADSTS7000215: the client secret is wrong for app app-id"), e.getMessage());
    }

    private GraphTokenProvider provider() {
        return new GraphTokenProvider("contoso", "contoso-id", "app-id", GraphTokenProvider.secret("s3cret"),
                sts.baseUrl(), URI.create("https://graph.example.test"), sts.clientSslContext(), Duration.ofSeconds(5));
    }
}
