"""pix2pix (Isola et al. 2017, "Image-to-Image Translation with Conditional
Adversarial Networks").

The generator translates an input image ``x`` (an edge map, a label map)
into an image ``G(x)``; there is no latent: the noise is dropout in the
generator, active while training (``training=True`` in the engine's
generator and discriminator steps, as in the paper). The discriminator
scores pairs: ``D(x, y)`` for a real pair and ``D(x, G(x))`` for a
translated one, one logit per patch (PatchGAN). The generator minimises
the adversarial loss on the patch logits (the engine's loss; non-saturating
by default) plus ``l1_weight`` (lambda = 100) times the L1 distance to the
target::

    D:  (1/2) [ -log D(x, y) - log(1 - D(x, G(x))) ]     (patch means)
    G:  -log D(x, G(x))  +  lambda * mean |y - G(x)|

(the factor 1/2 on D's objective is the paper's, slowing D relative to G;
``discriminator_scale=1`` removes it). The game is the engine's
``train_step``; only these hooks change:

``generator_inputs``
    one input of kind ``image`` named ``image``: the input image, per
    example ``(H, W, C_in)`` in [-1, 1]; no latent.
``unpack_real``
    a dataset element ``(input_image, target_image)`` (what
    ``keras_gans.data.load_pairs`` yields) -> ``{"image": x, "images": y}``.
``sample_generator_inputs``
    during training the real pair's input image; otherwise ``image=`` must
    be given (``gan.generate(n, image=x)``).
``generator_call`` / ``discriminate``
    ``G(image)`` / ``D([image, images])``.
``generator_losses``
    adds the term ``l1``: ``l1_weight * mean |G(x) - y|`` per example (the
    value minimised, reported as its own metric; divide by ``l1_weight``
    for the mean absolute error in [-1, 1] units).
``discriminator_losses``
    the adversarial terms times ``discriminator_scale``.

The networks are ``keras_gans.networks.unet.unet_generator`` and
``keras_gans.networks.patchgan.patchgan_discriminator`` (any generator
``image -> images`` and discriminator ``[image, images] -> logits`` work).
"""

import keras
from keras import ops

from keras_gans.engine.gan import GAN
from keras_gans.engine.inputs import GeneratorInput

__all__ = ["Pix2Pix"]


def _per_example_shape(model, index=0):
    inputs = model.inputs or ()
    return tuple(inputs[index].shape[1:]) if inputs else None


@keras.saving.register_keras_serializable(package="keras_gans")
class Pix2Pix(GAN):
    """Paired image-to-image translation (pix2pix).

    Args:
        generator: ``image (N, H, W, C_in) -> images (N, H, W, C)``, in
            [-1, 1]; e.g. ``networks.unet.unet_generator``.
        discriminator: ``[image, images] -> patch logits (N, h, w, 1)``;
            e.g. ``networks.patchgan.patchgan_discriminator``.
        l1_weight: lambda of the L1 term (100 in the paper).
        discriminator_scale: factor on the discriminator's objective (1/2
            in the paper).
        latent_dim: pix2pix has no latent; ``None`` or 0 only (recipes pass
            0).
        seed, ema_decay: as for :class:`keras_gans.GAN`.

    Example::

        from keras_gans.networks import patchgan, unet
        gan = Pix2Pix(unet.unet_generator((32, 32, 1)),
                      patchgan.patchgan_discriminator((32, 32, 1),
                                                      num_layers=2))
        gan.compile(d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
        gan.fit(keras_gans.data.load_pairs("edges2fashion", batch_size=16,
                                           augment=True), epochs=1)
        garments = gan.generate(8, image=edge_maps)   # edge_maps (8, 32, 32, 1)
    """

    def __init__(self, generator, discriminator, l1_weight=100.0,
                 discriminator_scale=0.5, latent_dim=None, **kwargs):
        if latent_dim:
            raise ValueError(
                "Pix2Pix takes no latent (its noise is dropout in the "
                f"generator); received latent_dim={latent_dim!r}. Leave it "
                "unset.")
        super().__init__(generator, discriminator, latent_dim=None, **kwargs)
        if self.latent_dim is not None:
            raise ValueError(
                "Pix2Pix's generator must take an image (N, H, W, C), not a "
                f"latent vector; its input has shape "
                f"{tuple(generator.inputs[0].shape)}.")
        self.l1_weight = float(l1_weight)
        if not self.l1_weight >= 0:
            raise ValueError(f"l1_weight must be >= 0; received {l1_weight!r}.")
        self.discriminator_scale = float(discriminator_scale)
        if not self.discriminator_scale > 0:
            raise ValueError("discriminator_scale must be > 0; received "
                             f"{discriminator_scale!r}.")
        shape = _per_example_shape(generator)
        if shape is None or len(shape) != 3 or None in shape:
            raise ValueError(
                "Pix2Pix's generator must take one image input of a fixed "
                f"(H, W, C); received input shape {shape}.")
        self._input_shape = tuple(int(d) for d in shape)
        self.add_tracker("l1")

    def get_config(self):
        config = super().get_config()
        config.update(l1_weight=self.l1_weight,
                      discriminator_scale=self.discriminator_scale)
        return config

    # -- the declared contract -----------------------------------------------
    def generator_inputs(self):
        """One conditioning image, ``image``: ``(H, W, C_in)`` in [-1, 1]."""
        return (GeneratorInput.image(self._input_shape, name="image"),)

    # -- data -------------------------------------------------------------------
    def unpack_real(self, data):
        if isinstance(data, dict) and {"image", "images"} <= set(data):
            real = {"image": data["image"], "images": data["images"]}
        elif isinstance(data, (tuple, list)) and len(data) == 2:
            real = {"image": data[0], "images": data[1]}
        else:
            what = (f"a dict with keys {sorted(data)}" if isinstance(
                data, dict) else f"a tuple of {len(data)}" if isinstance(
                data, (tuple, list)) else type(data).__name__)
            raise ValueError(
                "Pix2Pix trains on pairs: dataset elements must be "
                "(input_image, target_image) (or a dict with 'image' and "
                f"'images'); received {what}. Load pairs with "
                "keras_gans.data.load_pairs(...).")
        got = tuple(real["image"].shape[1:])
        if None not in got and got != self._input_shape:
            raise ValueError(
                f"Input images have shape {got} per example but the "
                f"generator takes {self._input_shape}; load the pairs at "
                "the networks' size (load_pairs(..., image_shape=...)) or "
                "build the networks for this data.")
        return real

    def sample_generator_inputs(self, batch_size, real=None, seed=None,
                                **conditions):
        """``{"image": x}``: the real pair's input during training (``real``
        given), else the given ``image=`` (checked: shape, finite, in
        [-1, 1])."""
        if real is not None and not conditions:
            return {"image": real["image"]}
        return super().sample_generator_inputs(batch_size, seed=seed,
                                               **conditions)

    # -- networks ---------------------------------------------------------------
    def generator_call(self, inputs, training=False):
        return self.generator(inputs["image"], training=training)

    def discriminate(self, batch, training=False):
        return self.run_discriminator([batch["image"], batch["images"]],
                                      training=training)

    def call(self, inputs, training=False):
        """``gan(x)`` or ``gan({"image": x})`` is ``G(x)``."""
        if not isinstance(inputs, dict):
            inputs = {"image": inputs}
        return self.generator_call(inputs, training=training)

    # -- losses -----------------------------------------------------------------
    def discriminator_losses(self, real, real_out, fake, fake_out):
        terms = super().discriminator_losses(real, real_out, fake, fake_out)
        return {k: self.discriminator_scale * v for k, v in terms.items()}

    def l1_term(self, fake_images, target_images):
        """``l1_weight * mean |G(x) - y|`` per example: ``(N,)``."""
        diff = ops.abs(ops.cast(fake_images, "float32") -
                       ops.cast(target_images, "float32"))
        return self.l1_weight * ops.mean(diff, axis=(1, 2, 3))

    def generator_losses(self, fake, fake_out, real=None):
        terms = super().generator_losses(fake, fake_out, real)
        terms["l1"] = self.l1_term(fake["images"], real["images"])
        return terms
