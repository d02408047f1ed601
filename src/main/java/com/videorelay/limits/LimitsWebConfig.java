package com.videorelay.limits;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Where the poll limit applies: the video API's GET requests. */
@Configuration(proxyBeanMethods = false)
class LimitsWebConfig implements WebMvcConfigurer {

    private final PollRateLimit pollRateLimit;

    LimitsWebConfig(PollRateLimit pollRateLimit) {
        this.pollRateLimit = pollRateLimit;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(pollRateLimit).addPathPatterns("/v1/videos", "/v1/videos/**");
    }
}
