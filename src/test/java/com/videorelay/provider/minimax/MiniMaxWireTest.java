package com.videorelay.provider.minimax;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** MiniMax's answers as documented: file_id is a string in the query answer and an int64 in files/retrieve. */
class MiniMaxWireTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void theDocumentedAnswersAreRead() {
        MiniMaxWire.Task task = JSON.readValue("{\"task_id\":\"106916112212032\",\"status\":\"Success\","
                + "\"file_id\":\"241342648594580\",\"video_width\":1280,\"video_height\":720,"
                + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}", MiniMaxWire.Task.class);
        MiniMaxWire.Retrieved retrieved = JSON.readValue("{\"file\":{\"file_id\":241342648594580,\"bytes\":0,"
                + "\"created_at\":1700469398,\"filename\":\"output_aigc.mp4\",\"purpose\":\"video_generation\","
                + "\"download_url\":\"https://cdn.example/v.mp4?sig=1\"},\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}",
                MiniMaxWire.Retrieved.class);

        assertThat(task.status()).isEqualTo("Success");
        assertThat(task.fileId()).isEqualTo("241342648594580");
        assertThat(task.baseResp().statusCode()).isZero();
        assertThat(retrieved.file().fileId()).isEqualTo(241342648594580L);
        assertThat(retrieved.file().downloadUrl()).isEqualTo("https://cdn.example/v.mp4?sig=1");
    }

    /** Should MiniMax send file_id as a number in the query answer too, it is still read. */
    @Test
    void aNumericFileIdInTheQueryAnswerIsRead() {
        MiniMaxWire.Task task = JSON.readValue("{\"task_id\":\"1\",\"status\":\"Success\",\"file_id\":241342648594580,"
                + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"success\"}}", MiniMaxWire.Task.class);

        assertThat(task.fileId()).isEqualTo("241342648594580");
    }

    @Test
    void aFailedTaskNamesItsReasonInBaseResp() {
        MiniMaxWire.Task task = JSON.readValue("{\"task_id\":\"1\",\"status\":\"Fail\",\"file_id\":\"\","
                + "\"base_resp\":{\"status_code\":1027,\"status_msg\":\"output video sensitive\"}}", MiniMaxWire.Task.class);

        assertThat(MiniMaxVideoProvider.failed(task.baseResp()).errorCode()).isEqualTo("moderation_blocked");
    }
}
