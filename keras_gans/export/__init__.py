"""Exporting generators as SavedModels for TF Serving (``saved_model``) and
the TF Serving request/response contract (``serving``)."""

from keras_gans.export import serving
from keras_gans.export.saved_model import (MAX_NUM_IMAGES, METADATA_FILE,
                                           SIGNATURES, SavedGenerator,
                                           find_saved_model, load,
                                           load_saved_model,
                                           metadata_class_count,
                                           metadata_path, read_metadata,
                                           save_generator,
                                           specs_from_metadata)

__all__ = ["MAX_NUM_IMAGES", "METADATA_FILE", "SIGNATURES", "SavedGenerator",
           "find_saved_model", "load", "load_saved_model",
           "metadata_class_count",
           "metadata_path", "read_metadata", "save_generator", "serving",
           "specs_from_metadata"]
