import Seeding
import Tensors

/// Multi-head attention over the pixels of a feature map, as self-attention or as cross-attention to a
/// context sequence (instruction tokens, style-image features), with a residual connection.
public final class AttentionBlock: Module {
    public let norm: GroupNorm
    public let query: Linear
    public let key: Linear
    public let value: Linear
    public let output: Linear
    public let heads: Int

    /// `contextDimensions` nil means self-attention.
    public init(channels: Int, contextDimensions: Int? = nil, heads: Int = 4, groups: Int = 8, generator: inout SeededGenerator) {
        precondition(channels % heads == 0, "AttentionBlock: \(channels) channels do not split into \(heads) heads")
        self.heads = heads
        norm = GroupNorm(groups: min(groups, channels), channels: channels)
        query = Linear(inputDimensions: channels, outputDimensions: channels, generator: &generator)
        key = Linear(inputDimensions: contextDimensions ?? channels, outputDimensions: channels, generator: &generator)
        value = Linear(inputDimensions: contextDimensions ?? channels, outputDimensions: channels, generator: &generator)
        output = Linear(inputDimensions: channels, outputDimensions: channels, generator: &generator)
    }

    /// `x` [N, C, H, W]; `context` [N, L, D] or nil for self-attention.
    public func callAsFunction(_ x: Tensor, context: Tensor? = nil) -> Tensor {
        let (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let tokens = norm(x).reshaped([batch, channels, height * width]).transposed()  // [N, HW, C]
        let source = context ?? tokens
        let length = source.shape[1], headWidth = channels / heads
        func split(_ t: Tensor, _ count: Int) -> Tensor {
            t.reshaped([batch, count, heads, headWidth]).permuted([0, 2, 1, 3]).reshaped([batch * heads, count, headWidth])
        }
        let attended = Tensor.scaledDotProductAttention(queries: split(query(tokens), height * width),
                                                        keys: split(key(source), length), values: split(value(source), length))
        let merged = attended.reshaped([batch, heads, height * width, headWidth]).permuted([0, 2, 1, 3])
            .reshaped([batch, height * width, channels])
        return x + output(merged).transposed().reshaped([batch, channels, height, width])
    }
}
