package com.videorelay.provider;

import java.util.List;

/**
 * A client-facing model and what a create may ask of it. Built-in entries come from each provider
 * kind; an entry in {@code videorelay.models} with the same name replaces the built-in one.
 *
 * @param name           the {@code model} clients send and see
 * @param seconds        the accepted {@code seconds} values
 * @param sizes          the accepted {@code size} values ({@code WIDTHxHEIGHT})
 * @param defaultSeconds used when a create sends no {@code seconds}; defaults to "4" if accepted, else the first
 * @param defaultSize    used when a create sends no {@code size}; defaults to 720x1280 if accepted, else the first
 * @param requiresImage  the model only animates an image: a create without {@code input_reference} is refused
 */
public record ModelSpec(String name, List<String> seconds, List<String> sizes, String defaultSeconds,
                        String defaultSize, Boolean requiresImage) {

    public ModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("videorelay.models[].name is required");
        }
        if (seconds == null || seconds.isEmpty() || sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException("Model " + name + ": seconds and sizes must each list at least one value");
        }
        for (String value : seconds) {
            if (!value.matches("[1-9][0-9]{0,2}")) {
                throw new IllegalArgumentException("Model " + name + ": seconds must be whole numbers, got " + value);
            }
        }
        for (String value : sizes) {
            if (!value.matches("[1-9][0-9]{1,4}x[1-9][0-9]{1,4}")) {
                throw new IllegalArgumentException("Model " + name + ": sizes must be WIDTHxHEIGHT, got " + value);
            }
        }
        seconds = List.copyOf(seconds);
        sizes = List.copyOf(sizes);
        defaultSeconds = defaultSeconds != null ? defaultSeconds : seconds.contains("4") ? "4" : seconds.getFirst();
        defaultSize = defaultSize != null ? defaultSize : sizes.contains("720x1280") ? "720x1280" : sizes.getFirst();
        requiresImage = requiresImage != null && requiresImage;
        if (!seconds.contains(defaultSeconds) || !sizes.contains(defaultSize)) {
            throw new IllegalArgumentException("Model " + name + ": the defaults must be among the accepted values");
        }
    }

    public static ModelSpec of(String name, List<String> seconds, List<String> sizes) {
        return new ModelSpec(name, seconds, sizes, null, null, null);
    }

    public ModelSpec requiringImage() {
        return new ModelSpec(name, seconds, sizes, defaultSeconds, defaultSize, true);
    }
}
