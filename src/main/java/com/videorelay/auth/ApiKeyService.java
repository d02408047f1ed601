package com.videorelay.auth;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Minting, listing and revoking keys: what admins do through the command line. */
@Service
public class ApiKeyService {

    private final ApiKeyRepository keys;
    private final ProjectService projects;

    ApiKeyService(ApiKeyRepository keys, ProjectService projects) {
        this.keys = keys;
        this.projects = projects;
    }

    /** The plain key exists only in the returned value; the database gets its hash. */
    public record MintedKey(long id, String projectName, String name, String key) {
    }

    @Transactional
    public MintedKey mint(String projectName, String keyName) {
        if (keyName == null || keyName.isBlank() || keyName.length() > 200) {
            throw new IllegalArgumentException("A key name must be 1 to 200 characters and not blank.");
        }
        Project project = projects.findOrCreate(projectName);
        String key = ApiKeyFormat.newKey();
        ApiKey saved = keys.save(new ApiKey(project, keyName, ApiKeyFormat.sha256Hex(key), ApiKeyFormat.hint(key)));
        return new MintedKey(saved.getId(), project.getName(), keyName, key);
    }

    /** Idempotent: revoking a revoked key changes nothing. Running gateways refuse it within the key cache TTL. */
    @Transactional
    public ApiKey revoke(long id) {
        ApiKey key = keys.findWithProjectById(id)
                .orElseThrow(() -> new IllegalArgumentException("No API key with id " + id + "."));
        key.revoke();
        return key;
    }

    @Transactional(readOnly = true)
    public List<ApiKey> list(String projectName) {
        if (projectName == null) {
            return keys.findAllByOrderByIdAsc();
        }
        return keys.findByProjectOrderByIdAsc(projects.get(projectName));
    }
}
