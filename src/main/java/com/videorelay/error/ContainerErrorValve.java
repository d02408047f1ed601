package com.videorelay.error;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import com.videorelay.observability.RequestIds;
import org.springframework.http.HttpStatus;

/**
 * Replaces Tomcat's HTML error report. It only speaks when nothing else wrote a body: requests
 * Tomcat refuses before Spring sees them (an unparsable request line, illegal characters in the URL,
 * oversized headers). Spring-handled errors never get here; they already carry the envelope.
 */
public class ContainerErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        boolean serverSide = known == null || known.is5xxServerError();
        String message = serverSide
                ? "The server had an error while processing your request. Sorry about that!"
                : "Invalid request: " + known.getReasonPhrase() + ".";
        String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\""
                + (serverSide ? ApiException.SERVER_ERROR : ApiException.INVALID_REQUEST)
                + "\",\"param\":null,\"code\":null}}";
        try {
            // Our request filter never ran for these requests, so the id is minted here.
            response.setHeader(RequestIds.HEADER, RequestIds.newId());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The client is gone or the response cannot take a body any more: nothing left to tell.
        }
    }
}
