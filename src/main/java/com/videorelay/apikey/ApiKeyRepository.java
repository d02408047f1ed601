package com.videorelay.apikey;

import com.videorelay.project.Project;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    /** The caller behind a key hash, if the key exists and is not revoked. */
    @Query("""
            select new com.videorelay.apikey.ApiKeyPrincipal(k.id, k.project.id)
              from ApiKey k
             where k.keyHash = :keyHash and k.revokedAt is null
            """)
    Optional<ApiKeyPrincipal> findActivePrincipal(String keyHash);

    @EntityGraph(attributePaths = "project")
    List<ApiKey> findAllByOrderByIdAsc();

    @EntityGraph(attributePaths = "project")
    List<ApiKey> findByProjectOrderByIdAsc(Project project);

    @EntityGraph(attributePaths = "project")
    Optional<ApiKey> findWithProjectById(long id);
}
