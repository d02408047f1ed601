package com.videorelay.auth;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ProjectService {

    private final ProjectRepository projects;

    ProjectService(ProjectRepository projects) {
        this.projects = projects;
    }

    @Transactional
    public Project create(String name) {
        requireValidName(name);
        if (projects.findByName(name).isPresent()) {
            throw new IllegalArgumentException("A project named '" + name + "' already exists.");
        }
        return projects.save(new Project(name));
    }

    @Transactional(readOnly = true)
    public Project get(String name) {
        return projects.findByName(name)
                .orElseThrow(() -> new IllegalArgumentException("No project named '" + name + "'."));
    }

    @Transactional(readOnly = true)
    public boolean exists(String name) {
        return projects.findByName(name).isPresent();
    }

    /** The named project, created on first use so that minting the first key is one command. */
    @Transactional
    public Project findOrCreate(String name) {
        requireValidName(name);
        return projects.findByName(name).orElseGet(() -> projects.save(new Project(name)));
    }

    @Transactional(readOnly = true)
    public List<Project> list() {
        return projects.findAllByOrderByIdAsc();
    }

    private static void requireValidName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("A project name must be 1 to 200 characters and not blank.");
        }
    }
}
