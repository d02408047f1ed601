package com.videorelay.upstream;

/** How to talk to an upstream. All three speak OpenAI's Videos API; they differ in auth and naming. */
public enum UpstreamKind {
    /** Any OpenAI-compatible {@code /v1/videos} service; {@code Authorization: Bearer <api-key>}. */
    OPENAI,
    /** Azure OpenAI v1 ({@code https://<resource>.openai.azure.com/openai/v1}); {@code api-key} header; model = deployment. */
    AZURE,
    /** The built-in simulator served by this gateway itself under {@code /simulator/v1}. */
    SIMULATOR
}
