//! Reading `content/`: YAML operation specs and schema files into the owned [`super::Site`].
