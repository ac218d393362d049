package dev.stowage.registry;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tag lists in pages: docker-registry 2.8 answers {@code tags/list} in one page whatever {@code n} says, so the
 * {@code Link} pages other registries send (relative or absolute, among other links) are served here.
 */
class RegistryPagesTest {
    MockWebServer server;
    final List<String> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = dev.stowage.testing.FakeRegistry.newServer(); // refuses the https attempt at once
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String target = r.getUrl().encodedPath() + (r.getUrl().encodedQuery() == null ? "" : "?" + r.getUrl().encodedQuery());
                asked.add(target);
                return switch (target) {
                    case "/v2/" -> new MockResponse.Builder().code(200).build();
                    case "/v2/team/app/tags/list" -> page("[\"a\",\"b\"]", "</v2/team/app/tags/list?n=2&last=b>; rel=\"next\"");
                    case "/v2/team/app/tags/list?n=2&last=b" -> page("[\"c\",\"d\"]",
                            "<https://docs.example/pagination>; rel=\"help\", <http://127.0.0.1:" + server.getPort()
                                    + "/v2/team/app/tags/list?n=2&last=d>; rel=next");
                    case "/v2/team/app/tags/list?n=2&last=d" -> page("[\"e\"]", null);
                    default -> new MockResponse.Builder().code(404)
                            .body("{\"errors\":[{\"code\":\"NAME_UNKNOWN\",\"message\":\"repository name not known to registry\"}]}").build();
                };
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse page(String tags, String link) {
        MockResponse.Builder b = new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"name\":\"team/app\",\"tags\":" + tags + "}");
        if (link != null) b.addHeader("Link", link);
        return b.build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RegistryApi api() {
        return new RegistryApi(new RegistryClient("127.0.0.1:" + server.getPort(), Optional.empty(),
                new RegistrySettings(Set.of(), true, List.of()), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50))));
    }

    @Test
    void tagsFollowEveryNextLinkAndOnlyThose() throws IOException {
        assertThat(api().tags("team/app")).containsExactly("a", "b", "c", "d", "e");
        assertThat(asked).filteredOn(t -> t.contains("/tags/list")).containsExactly("/v2/team/app/tags/list",
                "/v2/team/app/tags/list?n=2&last=b", "/v2/team/app/tags/list?n=2&last=d");
    }

    @Test
    void anUnknownRepositoryIsOneLine() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> api().tags("team/none"))
                .isInstanceOf(RegistryException.class)
                .hasMessage("listing the tags of 127.0.0.1:" + server.getPort()
                        + "/team/none: not found (name_unknown: repository name not known to registry)");
    }
}
