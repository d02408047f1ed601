package com.videorelay.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.videorelay.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/** The real repository, watched: malformed ids are answered 404 without a query; well-formed ones query once. */
class MalformedIdNeverQueriesTest extends IntegrationTest {

    @MockitoSpyBean
    VideoTaskRepository tasks;

    @Test
    void malformedIdsAreAnsweredWithoutTouchingTheDatabase() {
        String key = fixtures.apiKey(fixtures.project());

        for (String malformed : new String[] {"video.x", "x".repeat(129), "video%20x", "video;x", ""}) {
            assertThat(api.get("/v1/videos/" + malformed, key).statusCode()).isEqualTo(404);
        }

        verify(tasks, never()).findForProject(anyString(), anyLong());
    }

    @Test
    void aWellFormedIdCostsExactlyOneQuery() {
        long project = fixtures.project();
        String key = fixtures.apiKey(project);
        String id = fixtures.task(project, "queued");

        assertThat(api.get("/v1/videos/" + id, key).statusCode()).isEqualTo(200);

        verify(tasks, times(1)).findForProject(id, project);
    }
}
