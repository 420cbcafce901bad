"""The FID Inception network: the TF ``inception-2015-12-05`` graph rebuilt
in Keras (``network``), its weights read from TorchScript archives without
PyTorch (``torchscript``)."""
