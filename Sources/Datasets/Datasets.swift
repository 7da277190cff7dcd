// Datasets module: see DESIGN.md
