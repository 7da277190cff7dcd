// NeuralNets module: see DESIGN.md
