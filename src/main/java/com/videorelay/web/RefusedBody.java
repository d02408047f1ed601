package com.videorelay.web;

import java.io.IOException;

/**
 * Thrown from a request body's input stream when the body may not be read any further (too large,
 * too slow). An IOException, so it travels through whatever parser was reading; {@link ApiErrorResponses}
 * finds it among the causes and answers with its error.
 */
public class RefusedBody extends IOException {

    private final transient ApiException answer;

    public RefusedBody(ApiException answer) {
        super(answer.getMessage(), null);
        this.answer = answer;
        setStackTrace(new StackTraceElement[0]);
    }

    public ApiException answer() {
        return answer;
    }
}
