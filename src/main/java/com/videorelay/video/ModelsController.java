package com.videorelay.video;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.videorelay.web.ApiException;
import com.videorelay.provider.ModelCatalogue;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** OpenAI's models list: one entry per model of the catalogue that some upstream serves. */
@RestController
@RequestMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
class ModelsController {

    private final ModelCatalogue catalogue;

    ModelsController(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @JsonPropertyOrder({"object", "data"})
    record ModelList(List<Model> data) {
        @JsonProperty("object")
        public String object() {
            return "list";
        }
    }

    /** {@code created} is 0: the gateway does not know when a provider released a model. */
    @JsonPropertyOrder({"id", "object", "created", "owned_by"})
    record Model(String id, long created, @JsonProperty("owned_by") String ownedBy) {
        @JsonProperty("object")
        public String object() {
            return "model";
        }
    }

    @GetMapping
    ModelList list() {
        return new ModelList(catalogue.offered().stream().map(ModelsController::model).toList());
    }

    @GetMapping("/{model}")
    Model retrieve(@PathVariable String model) {
        return catalogue.offered().stream().filter(offered -> offered.spec().name().equals(model)).findFirst()
                .map(ModelsController::model)
                .orElseThrow(() -> ApiException.notFound("The model '" + model + "' does not exist.", "model_not_found"));
    }

    private static Model model(ModelCatalogue.Offered offered) {
        return new Model(offered.spec().name(), 0, offered.ownedBy());
    }
}
