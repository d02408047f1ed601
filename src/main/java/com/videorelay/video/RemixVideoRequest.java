package com.videorelay.video;

public record RemixVideoRequest(String prompt) {
}
