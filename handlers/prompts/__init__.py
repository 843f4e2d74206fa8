"""What each scheduled prompt says and how it is built at send time."""
