using System.Text;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>
/// Writes a tiny Whisper model in the legacy ggml format whisper.cpp loads (what convert-pt-to-ggml.py writes):
/// magic, hyper-parameters, mel filters, vocabulary, then every tensor the loader expects by name and shape, with
/// random weights. English-only vocabulary size (51864) so the special tokens sit where whisper.cpp expects them;
/// the file lists a handful of tokens (including " ", which decoding needs) and the loader names the rest. Its
/// transcripts are garbage by design: it proves that Candor loads and runs a real ggml file through Whisper.net,
/// not that anything is recognised.
/// </summary>
public static class TinyWhisperModel
{
    private const int Vocab = 51864;
    private const int AudioContext = 1500;
    private const int TextContext = 448;
    private const int State = 64;
    private const int Heads = 1;
    private const int Layers = 4;
    private const int Mels = 80;
    private const int F32 = 0;
    private const int F16 = 1;

    public static string Write(string directory)
    {
        var path = Path.Combine(directory, "ggml-tiny-random.bin");
        var random = new Random(20261204);
        using var file = new BinaryWriter(File.Create(path));
        file.Write(0x67676d6c); // "ggml"
        foreach (var value in new[] { Vocab, AudioContext, State, Heads, Layers, TextContext, State, Heads, Layers, Mels, 1 /* mostly f16 */ })
        {
            file.Write(value);
        }

        file.Write(Mels);
        file.Write(201);
        for (var i = 0; i < Mels * 201; i++)
        {
            file.Write((float)(random.NextDouble() * 0.01));
        }

        string[] tokens = [" ", "the", " a", " index", " query", ".", ",", "I", " would"];
        file.Write(tokens.Length);
        foreach (var token in tokens)
        {
            var bytes = Encoding.UTF8.GetBytes(token);
            file.Write((uint)bytes.Length);
            file.Write(bytes);
        }

        void Tensor(string name, int type, params int[] shape)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            file.Write(shape.Length);
            file.Write(bytes.Length);
            file.Write(type);
            foreach (var dimension in shape)
            {
                file.Write(dimension);
            }
            file.Write(bytes);
            var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
            var isNorm = name.EndsWith("ln.weight", StringComparison.Ordinal) || name.EndsWith("ln_post.weight", StringComparison.Ordinal)
                || name.Contains("_ln.weight", StringComparison.Ordinal);
            for (long i = 0; i < count; i++)
            {
                var value = isNorm ? 1f : (float)((random.NextDouble() - 0.5) * 0.04);
                if (type == F16)
                {
                    file.Write((Half)value);
                }
                else
                {
                    file.Write(value);
                }
            }
        }

        Tensor("encoder.positional_embedding", F32, State, AudioContext);
        Tensor("encoder.conv1.weight", F16, 3, Mels, State);
        Tensor("encoder.conv1.bias", F32, 1, State);
        Tensor("encoder.conv2.weight", F16, 3, State, State);
        Tensor("encoder.conv2.bias", F32, 1, State);
        Tensor("encoder.ln_post.weight", F32, State);
        Tensor("encoder.ln_post.bias", F32, State);
        for (var layer = 0; layer < Layers; layer++)
        {
            Block($"encoder.blocks.{layer}", cross: false);
        }
        Tensor("decoder.positional_embedding", F32, State, TextContext);
        Tensor("decoder.token_embedding.weight", F16, State, Vocab);
        Tensor("decoder.ln.weight", F32, State);
        Tensor("decoder.ln.bias", F32, State);
        for (var layer = 0; layer < Layers; layer++)
        {
            Block($"decoder.blocks.{layer}", cross: true);
        }
        return path;

        void Block(string prefix, bool cross)
        {
            Tensor($"{prefix}.mlp_ln.weight", F32, State);
            Tensor($"{prefix}.mlp_ln.bias", F32, State);
            Tensor($"{prefix}.mlp.0.weight", F16, State, 4 * State);
            Tensor($"{prefix}.mlp.0.bias", F32, 4 * State);
            Tensor($"{prefix}.mlp.2.weight", F16, 4 * State, State);
            Tensor($"{prefix}.mlp.2.bias", F32, State);
            Attention($"{prefix}.attn_ln", $"{prefix}.attn");
            if (cross)
            {
                Attention($"{prefix}.cross_attn_ln", $"{prefix}.cross_attn");
            }
        }

        void Attention(string norm, string attention)
        {
            Tensor($"{norm}.weight", F32, State);
            Tensor($"{norm}.bias", F32, State);
            Tensor($"{attention}.query.weight", F16, State, State);
            Tensor($"{attention}.query.bias", F32, State);
            Tensor($"{attention}.key.weight", F16, State, State);
            Tensor($"{attention}.value.weight", F16, State, State);
            Tensor($"{attention}.value.bias", F32, State);
            Tensor($"{attention}.out.weight", F16, State, State);
            Tensor($"{attention}.out.bias", F32, State);
        }
    }
}
