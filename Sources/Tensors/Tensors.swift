// Tensors module: see DESIGN.md
