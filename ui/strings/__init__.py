"""The UI string catalogue, split by area only to keep files short; ui.i18n merges them."""
