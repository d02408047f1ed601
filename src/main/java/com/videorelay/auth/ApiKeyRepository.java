package com.videorelay.auth;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;

interface ApiKeyRepository extends JpaRepository<ApiKey, Long> {

    @EntityGraph(attributePaths = "project")
    List<ApiKey> findAllByOrderByIdAsc();

    @EntityGraph(attributePaths = "project")
    List<ApiKey> findByProjectOrderByIdAsc(Project project);

    @EntityGraph(attributePaths = "project")
    Optional<ApiKey> findWithProjectById(long id);
}
