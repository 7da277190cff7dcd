/// Row lookup in a table, for token embeddings.
extension Tensor {
    /// Rows `indices` of `table` [V, D]: the result is [indices.count, D].
    public static func embedding(_ table: Tensor, indices: [Int]) -> Tensor {
        precondition(table.shape.count == 2, "embedding table must be [V, D], got \(table.shape)")
        let (vocabulary, width) = (table.shape[0], table.shape[1])
        for index in indices { precondition((0..<vocabulary).contains(index), "token \(index) outside vocabulary of \(vocabulary)") }
        var values = [Float](repeating: 0, count: indices.count * width)
        for (row, index) in indices.enumerated() {
            for column in 0..<width { values[row * width + column] = table.scalars[index * width + column] }
        }
        return Tensor(shape: [indices.count, width], scalars: values, parents: [table]) { gradient in
            var result = [Float](repeating: 0, count: table.count)
            for (row, index) in indices.enumerated() {
                for column in 0..<width { result[index * width + column] += gradient[row * width + column] }
            }
            table.accumulateGradient(result)
        }
    }
}
