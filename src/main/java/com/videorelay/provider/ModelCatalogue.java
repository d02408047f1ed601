package com.videorelay.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The models this gateway offers and what each accepts. A model's rules come from
 * {@code videorelay.models} if the operator listed it there, else from the built-in entry of the
 * first upstream kind that knows it. A model served only through {@code models: ["*"]} has no entry:
 * it accepts OpenAI's own values (4, 8 or 12 seconds; the four Sora sizes).
 */
@Component
public class ModelCatalogue {

    /** OpenAI's values, for models without an entry. */
    static final ModelSpec OPENAI_VALUES = ModelSpec.of("*", List.of("4", "8", "12"),
            List.of("720x1280", "1280x720", "1024x1792", "1792x1024"));

    /** A model the catalogue offers, and the provider kind that owns it. */
    public record Offered(ModelSpec spec, String ownedBy) {
    }

    private final UpstreamRegistry upstreams;
    private final Map<String, ModelSpec> overrides = new LinkedHashMap<>();

    ModelCatalogue(UpstreamRegistry upstreams, UpstreamsConfig config) {
        this.upstreams = upstreams;
        config.models().forEach(spec -> overrides.put(spec.name(), spec));
    }

    /** The rules for {@code model}, if any upstream serves it. */
    public Optional<ModelSpec> spec(String model) {
        List<Upstream> serving = upstreams.candidatesFor(model);
        if (serving.isEmpty()) {
            return Optional.empty();
        }
        if (overrides.containsKey(model)) {
            return Optional.of(overrides.get(model));
        }
        for (Upstream upstream : serving) {
            for (ModelSpec spec : upstream.builtInModels()) {
                if (spec.name().equals(model)) {
                    return Optional.of(spec);
                }
            }
        }
        return Optional.of(new ModelSpec(model, OPENAI_VALUES.seconds(), OPENAI_VALUES.sizes(), null, null, null));
    }

    /** Every model some upstream names, in upstream order, for GET /v1/models and error messages. */
    public List<Offered> offered() {
        Map<String, Offered> models = new LinkedHashMap<>();
        for (Upstream upstream : upstreams.all()) {
            for (String name : upstream.namedModels()) {
                if (!models.containsKey(name)) {
                    spec(name).ifPresent(spec -> models.put(name, new Offered(spec, upstream.kind())));
                }
            }
        }
        return new ArrayList<>(models.values());
    }
}
